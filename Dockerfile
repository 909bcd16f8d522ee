# The archive's image for docker-compose.yml: built with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/target/talk-archive.jar /app/talk-archive.jar
EXPOSE 7070
ENTRYPOINT ["java", "-jar", "/app/talk-archive.jar"]
CMD ["serve"]
