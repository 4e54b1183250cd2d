# A process that traps exits survives linked crashes and receives {:EXIT, from, reason} messages instead, :normal included.
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

Process.flag(:trap_exit, true)
boom = spawn_link(fn -> exit(:boom) end)
receive do: ({:EXIT, ^boom, reason} -> out.(:from_boom, {:EXIT, :boom, reason}))
normal = spawn_link(fn -> :ok end)
receive do: ({:EXIT, ^normal, reason} -> out.(:from_normal, {:EXIT, :normal, reason}))
done = spawn_link(fn -> exit({:shutdown, :done}) end)
receive do: ({:EXIT, ^done, reason} -> out.(:from_done, {:EXIT, :done, reason}))
out.(:alive, Process.alive?(self()))
out.(:mailbox, Mailbox.drain())
