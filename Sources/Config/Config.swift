// Config: see README and design notes.
