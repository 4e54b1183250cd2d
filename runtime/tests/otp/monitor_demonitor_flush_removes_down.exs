# Process.demonitor leaves an already delivered :DOWN in the mailbox; with [:flush] it removes it too.
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

mailbox = fn ->
  Enum.map(Mailbox.drain(), fn {:DOWN, _ref, :process, _pid, reason} -> {:DOWN, :ref, :process, :worker, reason} end)
end

{_plain, ref_plain} = spawn_monitor(fn -> exit(:boom) end)
Process.sleep(50)
out.(:demonitor, Process.demonitor(ref_plain))
out.(:mailbox_after_demonitor, mailbox.())
{_flushed, ref_flushed} = spawn_monitor(fn -> exit(:boom) end)
Process.sleep(50)
out.(:demonitor_flush, Process.demonitor(ref_flushed, [:flush]))
out.(:mailbox_after_flush, mailbox.())
alive = spawn(fn -> Process.sleep(100) end)
ref_alive = Process.monitor(alive)
out.(:demonitor_info_alive, Process.demonitor(ref_alive, [:flush, :info]))
Process.sleep(150)
out.(:mailbox_after_exit, mailbox.())
