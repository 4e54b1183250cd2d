# Task.shutdown on a task that crashed returns {:exit, reason}; a trapping caller keeps the {:EXIT, task, reason} message.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Mailbox do
  # Takes every message now in this process's mailbox, oldest first.
  def drain do
    receive do
      message -> [message | drain()]
    after
      0 -> []
    end
  end
end

# Trap exits, or the linked task's crash would kill this process.
Process.flag(:trap_exit, true)

task = Task.async(fn -> exit(:boom) end)
Process.sleep(50)
out.(:shutdown, Task.shutdown(task, 500))
messages = Mailbox.drain()
pid = task.pid
out.(:mailbox, Enum.map(messages, fn
  {:EXIT, ^pid, reason} -> {:EXIT, :task, reason}
  other -> other
end))
