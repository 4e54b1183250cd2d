# Plain messages and Process.send_after messages sent to a GenServer arrive in handle_info, in order.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

defmodule Inbox do
  use GenServer
  def init(:ok), do: {:ok, []}
  def handle_info(message, seen), do: {:noreply, [message | seen]}
  def handle_call(:seen, _from, seen), do: {:reply, Enum.reverse(seen), seen}
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, server} = GenServer.start(Inbox, :ok)
Process.send_after(server, :timer_fired, 100)
send(server, :one)
send(server, {:two, 2})
out.(:seen_now, GenServer.call(server, :seen))
Process.sleep(150)
out.(:t, t.())
out.(:seen_later, GenServer.call(server, :seen))
