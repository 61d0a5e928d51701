/**
 * The server's configuration: {@link io.gatehouse.server.config.ServerConfig} (immutable, typed values and their
 * {@code DEFAULT_*} constants), {@link io.gatehouse.server.config.Setting} (every environment variable, with the
 * {@code --help} text), and the reader that turns the environment into a config, stopping start-up with a
 * {@link io.gatehouse.server.config.ConfigException} that names the variable, the accepted form and the value.
 *
 * <p>Dependencies run one way: {@code ServerConfig} holds values and knows nothing of environment variables except
 * that {@link io.gatehouse.server.config.ServerConfig#fromEnvironment} hands the map to the reader; the reader
 * ({@code ConfigReader} over {@code EnvironmentVariables}) reads each {@code Setting} and builds the config.
 * Internal to the server; may change without notice.
 */
package io.gatehouse.server.config;
