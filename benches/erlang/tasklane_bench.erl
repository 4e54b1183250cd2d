%% The three runtime benchmarks as Erlang programs, run by scripts/bench on the same machine:
%% spawn + exit, ping-pong round trips, and a Task.async-style fan-out gathered in order.
-module(tasklane_bench).
-export([main/0]).

spawn_exit(N) ->
    Self = self(),
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, N)],
    Refs = [monitor(process, P) || P <- [lists:last(Pids)]],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    Self.

pong() ->
    receive
        {ping, From} -> From ! pong, pong();
        stop -> ok
    end.

ping(_, 0) -> ok;
ping(Pong, N) ->
    Pong ! {ping, self()},
    receive pong -> ok end,
    ping(Pong, N - 1).

ping_pong(N) ->
    Pong = spawn(fun pong/0),
    ping(Pong, N),
    Pong ! stop.

%% Like Task.await_many/2: one receive loop that takes any pending reply, whatever the order.
fan_out(N) ->
    Owner = self(),
    Pending = maps:from_list(
                [begin
                     Ref = make_ref(),
                     {_Pid, Mon} = spawn_opt(fun() -> Owner ! {Ref, I} end, [link, monitor]),
                     {Ref, Mon}
                 end || I <- lists:seq(1, N)]),
    await_many(Pending).

await_many(Pending) when map_size(Pending) =:= 0 -> ok;
await_many(Pending) ->
    receive
        {Ref, _} when is_map_key(Ref, Pending) ->
            demonitor(maps:get(Ref, Pending), [flush]),
            await_many(maps:remove(Ref, Pending))
    after 5000 -> exit(timeout)
    end.

%% Best of five runs, each in a fresh process (so no run pays for an earlier run's heap),
%% in nanoseconds per operation.
time_per_op(F, N) ->
    Owner = self(),
    Once = fun() ->
                   spawn(fun() -> {Us, _} = timer:tc(fun() -> F(N) end), Owner ! {done, Us} end),
                   receive {done, Us} -> Us * 1000 / N end
           end,
    lists:min([Once() || _ <- lists:seq(1, 5)]).

main() ->
    [io:format("beam ~s ~.1f~n", [Name, time_per_op(F, N)])
     || {Name, F, N} <- [{"spawn_exit", fun spawn_exit/1, 100000},
                          {"ping_pong", fun ping_pong/1, 1000000},
                          {"fan_out", fun fan_out/1, 10000}]],
    halt().
