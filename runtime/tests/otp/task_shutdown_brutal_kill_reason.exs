# Task.shutdown(task, :brutal_kill) kills the task at once: it returns nil and a monitor sees the reason :killed.
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

task = Task.async(fn -> Process.sleep(1000) end)
ref = Process.monitor(task.pid)
Process.sleep(50)
out.(:shutdown, Task.shutdown(task, :brutal_kill))
out.(:t, t.())
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:task_down, reason))
out.(:mailbox, Mailbox.drain())
