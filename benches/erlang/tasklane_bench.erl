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

fan_out(N) ->
    Owner = self(),
    Tasks = [begin
                 Ref = make_ref(),
                 {Pid, Mon} = spawn_monitor(fun() -> Owner ! {Ref, I} end),
                 link(Pid),
                 {Ref, Mon}
             end || I <- lists:seq(1, N)],
    [receive {Ref, V} -> demonitor(Mon, [flush]), V after 5000 -> exit(timeout) end || {Ref, Mon} <- Tasks].

%% Best of five runs, in nanoseconds per operation.
time_per_op(F, N) ->
    Runs = [begin {Us, _} = timer:tc(fun() -> F(N) end), Us * 1000 / N end || _ <- lists:seq(1, 5)],
    lists:min(Runs).

main() ->
    [io:format("beam ~s ~.1f~n", [Name, time_per_op(F, N)])
     || {Name, F, N} <- [{"spawn_exit", fun spawn_exit/1, 100000},
                          {"ping_pong", fun ping_pong/1, 1000000},
                          {"fan_out", fun fan_out/1, 10000}]],
    halt().
