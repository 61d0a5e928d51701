# Gatehouse server image: build with Maven, run on a JRE as a non-root user.
#   docker build -t gatehouse-server .
#   docker run -p 8000:8000 -e REDIS_URL=redis://redis:6379/0 gatehouse-server

# --- build stage: the whole reactor is copied (the parent pom lists every module), only the server is built
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl server -am -DskipTests package

# --- runtime stage: the shaded jar only
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid gatehouse --no-create-home --shell /usr/sbin/nologin gatehouse
WORKDIR /app
COPY --from=build /src/server/target/gatehouse-server.jar /app/gatehouse-server.jar
USER 10001:10001
ENV PORT=8000
EXPOSE 8000
# MaxRAMPercentage: size the heap from the container's memory limit, leaving room for metaspace and threads.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/gatehouse-server.jar"]
