// Agent: see README and design notes.
