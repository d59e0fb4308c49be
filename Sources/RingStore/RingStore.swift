// RingStore: see README and design notes.
