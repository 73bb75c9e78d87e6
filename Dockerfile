# Relaywarden as a container image: built with Maven, run on a Java 17 JRE as an unprivileged user.
#   docker build -t relaywarden .
# The tests are not run here (.ci/run runs them); see compose/docker-compose.yml for the whole stack.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# dependencies first: this layer is rebuilt only when pom.xml changes
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
COPY bpmn bpmn
COPY forms forms
RUN mvn -B -ntp -q -DskipTests package && cp target/relaywarden-*.jar /build/relaywarden.jar

FROM eclipse-temurin:17-jre
# curl for the health check only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# a fixed uid: the compose stack's relay hands the SSH key to this uid
ARG RELAYWARDEN_UID=10001
RUN useradd --system --uid "${RELAYWARDEN_UID}" --user-group --home-dir /var/lib/relaywarden --create-home relaywarden \
 && mkdir -p /var/lib/relaywarden/quarantine \
 && chown -R relaywarden:relaywarden /var/lib/relaywarden
COPY --from=build /build/relaywarden.jar /opt/relaywarden/relaywarden.jar
USER relaywarden
WORKDIR /var/lib/relaywarden
# H2 database (only without the postgres profile) and the quarantine live here: mount a volume
ENV RELAYWARDEN_DATA_DIR=/var/lib/relaywarden \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /var/lib/relaywarden
# 8080: web (API, Cockpit, Tasklist, /actuator); 10040: the policy service for Postfix
# (set RELAYWARDEN_POLICY_BIND=0.0.0.0 for relays on other hosts to reach it)
EXPOSE 8080 10040
# ready = Spring Boot's readiness state: the application has started and takes traffic (open without login)
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/opt/relaywarden/relaywarden.jar"]
