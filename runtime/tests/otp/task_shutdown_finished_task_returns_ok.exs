# Task.shutdown on a task that already replied (reply not yet awaited) returns {:ok, value}.
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

task = Task.async(fn -> :finished end)
Process.sleep(50)
out.(:task_alive, Process.alive?(task.pid))
out.(:shutdown, Task.shutdown(task, 500))
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
