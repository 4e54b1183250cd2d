# Task.async_stream runs at most max_concurrency tasks at once, starting the next item as one finishes, and returns {:ok, value} in the order of the items.
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

results =
  Task.async_stream([300, 100, 200, 50], fn ms ->
    Process.sleep(ms)
    {ms, t.()}
  end, max_concurrency: 2)
  |> Enum.to_list()

out.(:results, results)
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
