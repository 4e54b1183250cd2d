# Process.exit(self(), :normal) is the exception: it does terminate the caller, with reason :normal.
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

parent = self()
{_p, ref} = spawn_monitor(fn ->
  Process.exit(self(), :normal)
  Process.sleep(100)
  send(parent, :still_running)
end)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:down, reason))
Process.sleep(150)
out.(:mailbox, Mailbox.drain())
