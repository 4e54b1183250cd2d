# Task.Supervisor.start_child runs a temporary task not linked to the caller: its crash is not restarted and does not reach the caller.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

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

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, sup} = Task.Supervisor.start_link()
parent = self()
{:ok, _pid} = Task.Supervisor.start_child(sup, fn ->
  send(parent, :hello)
  Process.sleep(100)
  exit(:boom)
end)
receive do: (:hello -> out.(:message, :hello))
out.(:children_while_running, length(Task.Supervisor.children(sup)))
Process.sleep(150)
out.(:t, t.())
out.(:children_after_crash, length(Task.Supervisor.children(sup)))
out.(:caller_alive, Process.alive?(self()))
out.(:mailbox, Mailbox.drain())
