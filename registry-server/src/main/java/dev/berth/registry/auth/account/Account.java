package dev.berth.registry.auth.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user account: a name, an adaptive password hash, and whether it administers the registry. */
@Entity
@Table(name = "account")
public class Account {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String username;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(name = "system_admin", nullable = false)
  private boolean systemAdmin;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Account() {}

  public Account(String username, String passwordHash, boolean systemAdmin, Instant now) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.systemAdmin = systemAdmin;
    this.createdAt = now;
  }

  public Long id() {
    return id;
  }

  public String username() {
    return username;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public boolean systemAdmin() {
    return systemAdmin;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void changePasswordHash(String hash) {
    this.passwordHash = hash;
  }

  void changeSystemAdmin(boolean admin) {
    this.systemAdmin = admin;
  }
}
