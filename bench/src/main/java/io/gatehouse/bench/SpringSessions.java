package io.gatehouse.bench;

import io.lettuce.core.RedisURI;
import java.time.Instant;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The peer: Spring Session Data Redis's {@link RedisSessionRepository}, set up as {@code @EnableRedisHttpSession}
 * sets it up (string keys and hash keys, JDK-serialized values, one shared Lettuce connection), and called as its
 * {@code SessionRepositoryFilter} calls it on each request: {@code findById}, touch the last-accessed time,
 * {@code save}.
 */
final class SpringSessions implements SessionContender {

  private final LettuceConnectionFactory factory;
  /** Typed as the interface because its session class is package-private; every session here is its own. */
  private final SessionRepository<Session> repository;

  SpringSessions(BenchRedis redis) {
    RedisURI uri = RedisURI.create(redis.uri());
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    RedisTemplate<String, Object> template = new RedisTemplate<>();
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    template.setConnectionFactory(factory);
    template.setBeanClassLoader(SpringSessions.class.getClassLoader());
    template.afterPropertiesSet();
    RedisSessionRepository redisRepository = new RedisSessionRepository(template);
    redisRepository.setDefaultMaxInactiveInterval(SessionBackend.CONFIG.idleTimeout());
    repository = erase(redisRepository);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SessionRepository<Session> erase(SessionRepository<?> repository) {
    return (SessionRepository) repository;
  }

  @Override
  public String create(String subject) {
    Session session = repository.createSession();
    session.setAttribute("subject", subject);
    session.setAttribute("role", "user");
    repository.save(session);
    return session.getId();
  }

  @Override
  public Object validate(String presented) {
    Session session = repository.findById(presented);
    if (session == null) {
      return Boolean.FALSE;
    }
    session.setLastAccessedTime(Instant.now());
    repository.save(session);
    return session;
  }

  @Override
  public Object revoke(String presented) {
    repository.deleteById(presented);
    return presented;
  }

  @Override
  public void close() {
    factory.destroy();
  }
}
