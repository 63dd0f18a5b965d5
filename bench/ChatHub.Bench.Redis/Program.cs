using ChatHub.Bench.Redis;

return await BenchmarkRun.RunAsync(BenchmarkSettings.Parse(args), Console.Out);
