using System.Globalization;
using System.Text;

namespace ChatHub.LoadGen.Report;

/// <summary>One row per step, for spreadsheets and plotting tools.</summary>
internal static class CsvReport
{
    public static string Write(BenchmarkResults results)
    {
        var text = new StringBuilder();
        text.AppendLine("scenario,mode,offered_per_s,search,throughput_per_s,sent,completed,errors,lost,e2e_p50_ms,e2e_p95_ms,e2e_p99_ms,e2e_p999_ms,e2e_max_ms,within_100ms_pct,ack_p50_ms,ack_p99_ms,sustained,cpu_server,cpu_loadgen,cpu_other,model_calls,chat_actions,load_avg");
        foreach (var s in results.Steps)
        {
            var e = s.EndToEnd;
            text.AppendLine(string.Join(',',
                s.Scenario, s.Mode, N(s.OfferedRate), s.Search ? "1" : "0", N(s.Throughput), N(e.Count), N(e.Completed), N(e.Errors), N(e.Lost),
                N(e.P50), N(e.P95), N(e.P99), N(e.P999), N(e.Max), N(e.WithinBudgetPercent), N(s.Ack.P50), N(s.Ack.P99), s.Sustained ? "1" : "0",
                N(s.Cpu.Server), N(s.Cpu.LoadGen), N(s.Cpu.Other), N(s.Fakes.ModelCalls), N(s.Fakes.ChatActions), "\"" + s.LoadAverage + "\""));
        }

        return text.ToString();
    }

    private static string N(double value) => double.IsPositiveInfinity(value) ? "inf" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
