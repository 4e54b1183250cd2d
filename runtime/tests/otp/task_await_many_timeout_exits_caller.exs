# Task.await_many past its timeout exits the caller with {:timeout, {Task, :await_many, [tasks, ms]}}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end
normalize = fn
  {:timeout, {Task, :await_many, [tasks, ms]}} -> {:timeout, {Task, :await_many, [Enum.map(tasks, fn %Task{} -> :task end), ms]}}
  other -> other
end

caller = spawn(fn ->
  fast = Task.async(fn -> :fast end)
  slow = Task.async(fn -> Process.sleep(1000) end)
  Task.await_many([fast, slow], 100)
end)
ref = Process.monitor(caller)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:caller_down, normalize.(reason)))
out.(:t, t.())
