# Thousands of processes doing real OTP work: a supervision tree of shard supervisors, each with
# counter GenServers, and a stream of items, at most `concurrency` at a time, each calling a counter
# that pings a neighbour before it replies.
defmodule Scale.Counter do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, 0)

  @impl true
  def init(count), do: {:ok, count}

  @impl true
  def handle_call({:add, n, neighbour, work}, _from, count) do
    Process.sleep(work)
    GenServer.cast(neighbour, :ping) #@cast
    {:reply, count + n, count + n} #@reply
  end

  @impl true
  def handle_cast(:ping, count), do: {:noreply, count}
end

defmodule Scale.Shard do
  use Supervisor

  def start_link(workers), do: Supervisor.start_link(__MODULE__, workers)

  @impl true
  def init(workers) do
    children = for i <- 1..workers, do: Supervisor.child_spec(Scale.Counter, id: {:counter, i})
    Supervisor.init(children, strategy: :one_for_one)
  end
end

defmodule Scale do
  def start(shards, workers) do
    children = for s <- 1..shards, do: Supervisor.child_spec({Scale.Shard, workers}, id: {:shard, s})
    Supervisor.start_link(children, strategy: :one_for_one, name: Scale.Supervisor) #@tree
  end

  def run(items, concurrency) do
    counters =
      for {_, shard, _, _} <- Supervisor.which_children(Scale.Supervisor),
          {_, pid, _, _} <- Supervisor.which_children(shard),
          do: pid

    counters = List.to_tuple(counters)
    pick = fn -> elem(counters, :rand.uniform(tuple_size(counters)) - 1) end

    1..items
    |> Task.async_stream(fn i -> #@stream
      GenServer.call(pick.(), {:add, i, pick.(), 4 + :rand.uniform(26)}) #@call
    end, max_concurrency: concurrency)
    |> Enum.reduce(0, fn {:ok, total}, sum -> sum + total end)
  end
end
