# Four caches in front of the same slow backend, and the ETS leaderboard.

# 1. An Agent: one process, every read and write a message served in order.
def agent_fetch(key) do
  case Agent.get(AgentCache, &Map.get(&1, key)) do #@agent_get
    nil ->
      {:ok, value} = Backend.fetch(key) #@backend
      Agent.update(AgentCache, &Map.put(&1, key, value)) #@agent_put
      value
    value -> value
  end
end

# 2. ETS, as EtsCacheExample: read in the caller's own process. Two concurrent
#    misses of one key both call the backend (the stampede).
def ets_fetch(key) do
  case :ets.lookup(:ets_cache, key) do #@ets_lookup
    [] ->
      {:ok, value} = Backend.fetch(key)
      :ets.insert_new(:ets_cache, {key, value}) #@ets_insert
      value
    [{^key, value}] -> value
  end
end

# 3. A GenServer per user, started on demand and found through a Registry:
#    one user's requests queue behind that user's only.
def user_fetch(user) do
  name = {:via, Registry, {UserRegistry, user}}
  unless GenServer.whereis(name) do
    DynamicSupervisor.start_child(UserCaches, {UserCache, name: name, user: user}) #@user_start
  end
  GenServer.call(name, {:get, user}) #@user_call
end

def handle_call({:get, user}, _from, %{value: nil} = state) do
  {:ok, value} = Backend.fetch(user)
  {:reply, {:miss, value}, %{state | value: value}}
end

def handle_call({:get, _user}, _from, state), do: {:reply, {:hit, state.value}, state}

# 4. ConCache: entries expire after their TTL; a miss takes the key's lock,
#    so concurrent misses call the backend once and the others wait for it.
def ttl_fetch(key) do
  ConCache.get(:ttl_cache, key) || #@ttl_get
    ConCache.get_or_store(:ttl_cache, key, fn -> #@ttl_lock
      {:ok, value} = Backend.fetch(key)
      value
    end)
end

# A client: requests at seeded times; an exit is caught and counted.
def client(fetch, requests) do
  for {at, key} <- requests do
    Process.sleep(max(at - now(), 0))
    try do
      fetch.(key)
    catch
      :exit, _ -> :failed
    end
  end
end

# The leaderboard: each round move every score in an ordered_set, re-sorted by its key.
def handle_info(:round, state) do
  for {user, score} <- state.scores do
    :ets.delete(:leaderboard, {-score, user}) #@leader_write
    :ets.insert(:leaderboard, {{-(score + delta()), user}})
  end
  Process.send_after(self(), :round, 1_000)
  {:noreply, state}
end

# Readers walk the table in their own process: never blocked by the writer.
def top_ten do
  Stream.unfold(:ets.first(:leaderboard), fn #@leader_read
    :"$end_of_table" -> nil
    key -> {key, :ets.next(:leaderboard, key)}
  end)
  |> Enum.take(10)
end
