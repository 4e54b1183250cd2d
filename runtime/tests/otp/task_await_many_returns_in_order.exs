# Task.await_many waits for every task and returns their results in the order of the tasks given, not of completion.
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

tasks =
  for {name, ms} <- [a: 150, b: 50, c: 100] do
    Task.async(fn ->
      Process.sleep(ms)
      name
    end)
  end

out.(:results, Task.await_many(tasks, 1000))
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
