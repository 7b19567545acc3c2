/* The floor of a tool run (bench/bench.py, table 9): a static-pie no-op,
 * and with "lock" the lockdown every one of our tools makes before it
 * reads its arguments (drop the bounding set but one capability, keep
 * that one, no_new_privs, a seccomp filter of 37 instructions, as svok's).
 * The difference is what the lockdown costs per run. */
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2 || strcmp(argv[1], "lock") != 0) return 0;
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) {
    if (cap != CAP_DAC_OVERRIDE) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  }
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {{0}};
  data[0].effective = data[0].permitted = 1u << CAP_DAC_OVERRIDE;
  syscall(SYS_capset, &header, data);
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  struct sock_filter filter[37];
  for (int i = 0; i < 36; ++i) {
    filter[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
  }
  filter[36] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  struct sock_fprog program = {37, filter};
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0 ? 0 : 1;
}
