# Task.shutdown on a task that already replied (reply not yet awaited) returns {:ok, value}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
_ = inspect({:load_printing_code_before_the_clock_starts, [1, "s", nil]})
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

task = Task.async(fn -> :finished end)
Process.sleep(50)
out.(:task_alive, Process.alive?(task.pid))
out.(:shutdown, Task.shutdown(task, 500))
out.(:t, t.())
{:messages, messages} = Process.info(self(), :messages)
out.(:mailbox, messages)
