package org.relaywarden.scenario;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application on the sandbox mail server with an in-memory H2 database, a running job
 * executor and the process's durations shortened to seconds. Every scenario test uses exactly
 * these properties, so they share one Spring context (and one process engine, the only one named
 * "default": Camunda's REST API and webapps look their engine up by that name, and every other test
 * context names its engine differently (letters and digits only: the starter ignores a name with a
 * hyphen), so that closing it cannot unregister this one). Metrics are
 * exported as in production (Spring Boot switches them off in tests by default).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relaywarden-scenario;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-scenario-quarantine",
        "relaywarden.mail-server=sandbox",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "relaywarden.process.reminder-cycle=R2/P3D",
        "relaywarden.process.unresponsive-after=P14D",
        "relaywarden.process.watch-window=PT3S",
        "relaywarden.process.probation-period=PT4S",
        // refused retries later than a second after the customer's "queue emptied" contradict it
        "relaywarden.questionnaire.claim.grace=PT1S",
        "camunda.bpm.job-execution.wait-time-in-millis=100",
        "camunda.bpm.job-execution.max-wait=500",
        // the detectors look only when a test asks them to (DetectorsTest)
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        // the scenarios open many cases within minutes: the blast-radius guard is off here (BlastRadiusTest has its own context)
        "relaywarden.alerts.blast-radius.max-cases=0",
        // the scenarios follow a case after its alert, flooding accounts the policy core has no profile of: its risk and
        // its limits on the request path would hold or refuse those floods (the simulated relay asks the real core) and
        // open cases of their own; they are off here, as in DetectorsOnPostfixTest (SandboxAsksThePolicyCoreTest shows
        // the simulated relay's floods decided by them as shipped; the rate detector reads the limits all the same)
        "relaywarden.risk.enabled=false",
        "relaywarden.limits.enabled=false",
        "relaywarden.detection.accounts.[bulk@detectors.example].allowlisted=true",
        "relaywarden.detection.accounts.[newsletter@detectors.example].deferred=1000",
        "relaywarden.detection.accounts.[newsletter@detectors.example].messages=5000",
})
public @interface RelaywardenSpringBootTest {
}
