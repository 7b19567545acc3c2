#!/bin/sh
# The supervise/svc/svstat/svok checks of daemontools 0.76's rts.tests
# (items 1-8), rewritten. Run with PATH set to the suite under test; the
# caller compares the output with the expected text.
umask 022
cd "$1" || exit 1
mkdir test.sv
echo '#!/bin/sh' > test.sv/run
echo 'echo hi' >> test.sv/run
chmod 755 test.sv/run
touch test.sv/down

echo '--- svstat handles new and nonexistent directories'
svstat test.sv nonexistent; echo $?
echo '--- svc handles new and nonexistent directories'
svc test.sv nonexistent; echo $?
echo '--- svok handles new and nonexistent directories'
svok test.sv; echo $?
svok nonexistent; echo $?
echo '--- supervise handles nonexistent directories'
supervise nonexistent; echo $?

echo '--- supervise starts, svok works, svstat works, svc -x works'
supervise test.sv &
until svok test.sv; do sleep 0.05; done
svstat test.sv | sed 's/[0-9]* seconds/x seconds/'; echo $?
svc -x test.sv; echo $?
wait
svstat test.sv; echo $?

echo '--- svc -ox works'
supervise test.sv &
until svok test.sv; do sleep 0.05; done
svc -ox test.sv
wait

echo '--- svstat works for up services'
echo '#!/bin/sh' > test.sv/run
echo 'sleep 1' >> test.sv/run
echo 'svstat .' >> test.sv/run
echo 'echo $?' >> test.sv/run
supervise test.sv | sed 's/[0-9]* seconds/x seconds/; s/pid [0-9]*/pid x/' &
until svok test.sv; do sleep 0.05; done
svc -ox test.sv
wait

echo '--- svc -u works'
echo '#!/bin/sh' > test.sv/run
echo 'echo first; mv run2 run' >> test.sv/run
echo '#!/bin/sh' > test.sv/run2
echo 'echo second; svc -x .' >> test.sv/run2
chmod 755 test.sv/run2
supervise test.sv &
until svok test.sv; do sleep 0.05; done
svc -u test.sv
wait
