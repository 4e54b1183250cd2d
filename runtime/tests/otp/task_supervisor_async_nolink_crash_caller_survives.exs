# Task.Supervisor.async_nolink: a crashing task reports through its monitor (:DOWN with the reason) and the caller lives on.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async_nolink(sup, fn ->
  Process.sleep(50)
  exit(:boom)
end)
ref = task.ref
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:down, {:DOWN, :ref, :process, :task, reason}))
out.(:t, t.())
out.(:caller_alive, Process.alive?(self()))
out.(:supervisor_alive, Process.alive?(sup))
out.(:children, Task.Supervisor.children(sup))
ok_task = Task.Supervisor.async_nolink(sup, fn -> :fine end)
out.(:yield_ok, Task.yield(ok_task, 500))
crash_task = Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end)
out.(:yield_crash, Task.yield(crash_task, 500))
