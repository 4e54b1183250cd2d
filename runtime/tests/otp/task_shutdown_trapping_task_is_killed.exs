# A task that traps exits ignores Task.shutdown's :shutdown signal, so after the timeout it is killed and the result says so.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

task = Task.async(fn ->
  Process.flag(:trap_exit, true)
  Process.sleep(1000)
end)
ref = Process.monitor(task.pid)
Process.sleep(50)
out.(:shutdown, Task.shutdown(task, 100))
out.(:t, t.())
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:task_down, reason))
