"""The Orrery test harness: boot kernel images in QEMU or Bochs and report what happened."""
