#!/bin/sh
# rw-install.sh — puts Relaywarden's qmail parts into the lab relay started by ci-setup.sh, as a provider
# would (docs/qmail.md): the queue front and the queue tool into /var/qmail/relaywarden/bin, the hold
# folder owned by the user qmail-smtpd runs as (vpopmail), QMAILQUEUE + RELAYWARDEN_POLICY in the smtpd
# run file, tcpserver's session limit (-c) as the doc gives it; then qmail-smtpd is restarted.
#   BASE=... FRONT=file QUEUETOOL=file POLICY=host:port SESSIONS=n sh rw-install.sh
set -e
BASE=${BASE:?}; FRONT=${FRONT:?}; QUEUETOOL=${QUEUETOOL:?}; POLICY=${POLICY:?}; SESSIONS=${SESSIONS:?}
R=/var/qmail/relaywarden
mkdir -p $R/bin $R/hold/tmp $R/hold/msg
install -m 755 "$FRONT" $R/bin/relaywarden-qmail-front
install -m 755 "$QUEUETOOL" $R/bin/relaywarden-qmail-queue
chown -R vpopmail:vchkpw $R/hold; chmod 700 $R/hold $R/hold/tmp $R/hold/msg
RUN=$BASE/service/qmail-smtpd/run
if ! grep -q RELAYWARDEN_POLICY $RUN; then
  sed -i "2i export QMAILQUEUE=$R/bin/relaywarden-qmail-front\nexport RELAYWARDEN_POLICY=$POLICY\nexport RELAYWARDEN_HOLD=$R/hold\nexport RELAYWARDEN_TIMEOUT=2" $RUN
else
  sed -i "s|^export RELAYWARDEN_POLICY=.*|export RELAYWARDEN_POLICY=$POLICY|" $RUN
fi
sed -i "s|/usr/bin/tcpserver \(.*\) -c [0-9]* |/usr/bin/tcpserver \1 -c $SESSIONS |" $RUN
# restarted: wait for the NEW tcpserver to listen. The old one keeps listening until the TERM reaches it, and a
# session it accepts meanwhile runs with the old run file's environment (no QMAILQUEUE: no policy at all for that
# session; this made PolicyAndVpopmailOnQmailTest fail when the lab had just been built)
S=$BASE/service/qmail-smtpd
PORT=$(grep -o '127.0.0.1 [0-9]*' $RUN | cut -d' ' -f2)
pid_of() { svstat $S | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }
OLD=$(pid_of)
svc -t $S
for i in $(seq 100); do
  sleep 0.1; NEW=$(pid_of)
  [ -n "$NEW" ] && [ "$NEW" != "$OLD" ] && ss -ltnp | grep ":$PORT " | grep -q "pid=$NEW," && break
done
