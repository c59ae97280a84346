package dev.berth.registry.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;

/**
 * Has Spring Data read the {@code @Query} strings of the repositories with its simple, regex-based
 * query enhancer instead of its own ANTLR HQL parser. The enhancer only matters when Spring Data
 * rewrites a query (adds a sort, derives a count query for a page, narrows a projection); none of
 * the repositories' queries is rewritten that way, and Hibernate parses every query itself anyway.
 * The HQL parser of Spring Data alone is about 320 classes plus its parse tables in the heap, for
 * the life of the process (src/bench/NOTES.md).
 *
 * @see <a
 *     href="https://docs.spring.io/spring-data/jpa/reference/jpa/query-methods.html#jpa.query.enhancer">Spring
 *     Data JPA: query enhancers</a>
 */
@Configuration(proxyBeanMethods = false)
public class RegexQueryEnhancer {
  @Bean
  static BeanPostProcessor regexQueryEnhancerForRepositories() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> repositories) {
          repositories.setQueryEnhancerSelectorSource(query -> QueryEnhancerFactories.fallback());
        }
        return bean;
      }
    };
  }
}
