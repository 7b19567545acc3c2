// Adoption of a ./run left behind by a supervise that was killed.
//
// 0.76 starts a second copy of the service when its supervise is killed
// and restarted, because nothing tells the new supervise that the old
// ./run still runs. We record, next to the status file, the identity of
// each ./run we start (pid, kernel start time, boot id). A new supervise
// that finds the recorded process still alive, with the same identity,
// takes it over through a pidfd: it watches it for exit and signals it,
// and the status stays truthful. A reused pid has another start time, so
// it is never mistaken for the service.
//
// A ./run left by daemontools 0.76's supervise (migration to this suite on
// a running host) has no recorded identity; it is adopted when the status
// pid is alive, works in the service directory, started no later than the
// status record says (plus two seconds), and is not a supervise's child.
#pragma once

#include <sys/types.h>

#include <optional>

#include "common/status_record.h"
#include "common/unique_fd.h"

namespace supervise {

struct Orphan {
  pid_t pid = 0;
  common::StatusRecord previous;  // the last status the old supervise wrote
  common::UniqueFd pidfd;
};

// Writes supervise/run.id (through `supervise`, the directory's
// descriptor) for a ./run just started. Failure only means a later
// supervise cannot adopt it, so it is not reported.
void RecordRunIdentity(int supervise, pid_t pid);

// Looks for our previous ./run; nullopt if there is none to adopt.
std::optional<Orphan> FindOrphan(int supervise);

}  // namespace supervise
