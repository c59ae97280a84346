package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SendBuffersTest {
  @Test
  void aBuffer_isDirect_andNoLargerThanTheFileOrTheSize() {
    SendBuffers buffers = new SendBuffers(1024, 4);

    ByteBuffer small = buffers.take(100);
    ByteBuffer large = buffers.take(1L << 40);
    ByteBuffer empty = buffers.take(0);

    assertThat(small.isDirect()).isTrue();
    assertThat(small.capacity()).isEqualTo(100);
    assertThat(large.capacity()).isEqualTo(1024);
    assertThat(empty.capacity()).isEqualTo(1);
  }

  @Test
  void whenTheMaximumIsOut_noneIsGiven_untilOneComesBack() {
    SendBuffers buffers = new SendBuffers(1024, 2);
    ByteBuffer first = buffers.take(10);
    ByteBuffer second = buffers.take(10);

    assertThat(buffers.take(10)).isNull();
    assertThat(buffers.out()).isEqualTo(2);

    buffers.giveBack(first);
    assertThat(buffers.out()).isEqualTo(1);
    assertThat(buffers.take(10)).isNotNull();
    assertThat(buffers.taken()).isEqualTo(3);
    buffers.giveBack(second);
  }

  @Test
  void aBufferGivenBack_isFreedAtOnce_notLeftToTheCollector() {
    SendBuffers buffers = new SendBuffers(8 * 1024 * 1024, 1);
    long before = directBytes();

    ByteBuffer buffer = buffers.take(8 * 1024 * 1024);
    assertThat(directBytes() - before).isGreaterThanOrEqualTo(8 * 1024 * 1024);
    buffers.giveBack(buffer);

    assertThat(directBytes() - before).isLessThan(8 * 1024 * 1024);
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getTotalCapacity)
        .sum();
  }

  @Test
  void noBuffers_meansNoneIsEverGiven() {
    assertThat(new SendBuffers(1024, 0).take(10)).isNull();
  }

  @Test
  void nonsenseSizes_areRefused() {
    assertThatThrownBy(() -> new SendBuffers(0, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SendBuffers(1024, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
