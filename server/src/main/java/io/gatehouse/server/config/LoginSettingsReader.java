package io.gatehouse.server.config;

import static io.gatehouse.server.config.EnvironmentVariables.invalid;

import io.gatehouse.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link LoginSettings} from {@code LOGIN_SUCCESS_LIMIT}, {@code LOGIN_DEVICE_KEY} and
 * {@code BCRYPT_MAX_CONCURRENT}; a bad value stops start-up, the key's without showing it.
 */
final class LoginSettingsReader {

  private static final Pattern COUNT_PER_WINDOW = Pattern.compile("\\s*(\\d{1,5})\\s*/\\s*(\\S+)\\s*");
  private static final String SUCCESS_LIMIT_FORM = "count/window like 20/15m, the count 1 to "
      + RateLimit.SlidingWindow.MAX_LIMIT + " and the window at least 1ms";

  private final EnvironmentVariables env;

  LoginSettingsReader(EnvironmentVariables env) {
    this.env = env;
  }

  LoginSettings read() {
    LoginSettings login = LoginSettings.create()
        .withSuccessLimit(successLimit())
        .withMaxConcurrentHashes(env.integer(Setting.BCRYPT_MAX_CONCURRENT, LoginSettings.DEFAULT_MAX_CONCURRENT_HASHES,
            1, LoginSettings.MAX_CONCURRENT_HASHES));
    Optional<String> key = env.optional(Setting.LOGIN_DEVICE_KEY);
    if (key.isEmpty()) {
      return login;
    }
    if (!LoginSettings.strongEnough(key.get())) {
      throw invalid(Setting.LOGIN_DEVICE_KEY, LoginSettings.DEVICE_KEY_FORM, key.get());
    }
    return login.withDeviceKey(key.get());
  }

  private RateLimit.SlidingWindow successLimit() {
    Optional<String> value = env.raw(Setting.LOGIN_SUCCESS_LIMIT);
    if (value.isEmpty()) {
      return LoginSettings.DEFAULT_SUCCESS_LIMIT;
    }
    Matcher m = COUNT_PER_WINDOW.matcher(value.get());
    if (m.matches()) {
      int count = Integer.parseInt(m.group(1));
      Optional<Duration> window = DurationText.parse(m.group(2));
      if (count >= 1 && count <= RateLimit.SlidingWindow.MAX_LIMIT && window.isPresent()
          && window.get().toMillis() >= 1) {
        return RateLimit.slidingWindow(count, window.get());
      }
    }
    throw invalid(Setting.LOGIN_SUCCESS_LIMIT, SUCCESS_LIMIT_FORM, value.get());
  }
}
