// svscan's baseline when SCANDIR/.baseline does not exist, as policy text.
// The build compiles it once (default_baseline_gen) into
// default_baseline_table.h, so svscan never runs libseccomp at start-up
// for it: parsing and compiling it touched about 350 KiB of svscan's
// pages (libseccomp's syscall tables, its allocations). baseline_test
// checks the table against a compilation at run time.
#pragma once

namespace svscan {

inline constexpr char kDefaultBaseline[] =
    "seccomp deny @module @reboot @swap\n"
    "seccomp_action errno EPERM\n";

}  // namespace svscan
