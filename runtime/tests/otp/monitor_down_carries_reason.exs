# A monitor delivers one {:DOWN, ref, :process, pid, reason} with the exact exit reason, and the watcher is unaffected.
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

for {name, fun} <- [
      normal: fn -> :ok end,
      boom: fn -> exit(:boom) end,
      done: fn -> exit({:shutdown, :done}) end,
      killed: fn -> Process.exit(self(), :kill) end
    ] do
  # spawn_monitor starts the process and its monitor at once, so even an instant exit is seen with its own reason.
  {_pid, ref} = spawn_monitor(fun)
  receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(name, {:DOWN, :ref, :process, name, reason}))
end

out.(:watcher_alive, Process.alive?(self()))
out.(:mailbox, Mailbox.drain())
