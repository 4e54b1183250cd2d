# With max_restarts: 2, the third crash within max_seconds makes the supervisor give up and exit with reason :shutdown.
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

defmodule R do
  # A worker that tells :main when it starts and exits with whatever reason it is sent.
  def start_link(id) do
    {:ok, spawn_link(fn ->
      send(:main, {:start, id})
      receive do: ({:exit, reason} -> exit(reason))
    end)}
  end
end

Process.register(self(), :main)
log = fn ->
  Process.sleep(50)
  Mailbox.drain()
end

pid_of = fn sup, id -> Supervisor.which_children(sup) |> List.keyfind(id, 0) |> elem(1) end

{:ok, sup} = Supervisor.start_link([%{id: :a, start: {R, :start_link, [:a]}}], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)
# Unlink, so that the supervisor's exit does not take this process down too; watch it with a monitor.
Process.unlink(sup)
ref = Process.monitor(sup)
out.(:started, log.())
for n <- 1..2 do
  send(pid_of.(sup, :a), {:exit, :boom})
  out.(:"after_crash_#{n}", log.())
end

send(pid_of.(sup, :a), {:exit, :boom})
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:supervisor_down, reason))
out.(:after_crash_3, log.())
