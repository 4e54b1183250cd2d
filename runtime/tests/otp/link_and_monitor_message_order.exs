# A trapping process that both links to and monitors a crashing process gets the {:EXIT} and the {:DOWN}: this shows which comes first.
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
summary = fn messages ->
  Enum.map(messages, fn
    {:EXIT, _pid, reason} -> {:EXIT, :worker, reason}
    {:DOWN, _ref, :process, _pid, reason} -> {:DOWN, :ref, :process, :worker, reason}
  end)
end

# Link first, then monitor.
worker = spawn_link(fn -> receive do: (:crash -> exit(:boom)) end)
Process.monitor(worker)
send(worker, :crash)
Process.sleep(50)
out.(:link_then_monitor, summary.(Mailbox.drain()))
# Monitor first, then link.
worker = spawn(fn -> receive do: (:crash -> exit(:boom)) end)
Process.monitor(worker)
Process.link(worker)
send(worker, :crash)
Process.sleep(50)
out.(:monitor_then_link, summary.(Mailbox.drain()))
