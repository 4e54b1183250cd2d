# Task.yield_many returns one {task, result} per task in the order given, nil for tasks still running at the timeout.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

tasks =
  for {name, ms} <- [a: 150, b: 50, c: 400] do
    Task.async(fn ->
      Process.sleep(ms)
      name
    end)
  end

results = Task.yield_many(tasks, 250)
out.(:t, t.())
out.(:same_order, Enum.map(results, fn {task, _} -> task end) == tasks)
out.(:results, Enum.map(results, fn {_, result} -> result end))
[_, _, slow] = tasks
out.(:shutdown_slow, Task.shutdown(slow, :brutal_kill))
out.(:t, t.())
