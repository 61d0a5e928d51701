/**
 * The Spring Boot example: Spring Security's form login, HTTP basic and a JSON login, with every login kept in a
 * Gatehouse session in Redis and served from memory while Redis is away.
 */
package io.gatehouse.example.spring;
