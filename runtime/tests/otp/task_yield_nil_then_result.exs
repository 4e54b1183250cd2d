# Task.yield returns nil while the task runs, {:ok, value} once it replies, and nil again after the reply was taken.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

task = Task.async(fn ->
  Process.sleep(200)
  :done
end)

out.(:first_yield, Task.yield(task, 50))
out.(:t, t.())
out.(:second_yield, Task.yield(task, 500))
out.(:t, t.())
out.(:third_yield, Task.yield(task, 50))
out.(:t, t.())
