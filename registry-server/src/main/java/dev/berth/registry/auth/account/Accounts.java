package dev.berth.registry.auth.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Account rows. */
public interface Accounts extends JpaRepository<Account, Long> {
  Optional<Account> findByUsername(String username);

  List<Account> findAllByOrderByUsernameAsc();
}
