using System.Text.Json;

namespace ChatHub.LoadGen.Report;

/// <summary>Writes the report (benchmarks.md), the raw results (JSON, CSV) and the plots (PNG).</summary>
internal static class ReportWriter
{
    public const string DataFolder = "benchmarks";

    /// <summary>Writes <c>{name}.md</c> and its data folder (<c>benchmarks/</c> for the default name, else <c>{name}/</c>).</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BenchmarkResults results, string outDirectory, CancellationToken cancellationToken, string name = "benchmarks")
    {
        var dataFolder = name == "benchmarks" ? DataFolder : name;
        var data = Path.Combine(outDirectory, dataFolder);
        Directory.CreateDirectory(data);
        var files = new List<string>();
        var json = Path.Combine(data, "results.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, LoadGenJson.Default.BenchmarkResults), cancellationToken);
        files.Add(json);
        var csv = Path.Combine(data, "results.csv");
        await File.WriteAllTextAsync(csv, CsvReport.Write(results), cancellationToken);
        files.Add(csv);

        var plots = await Charts.WriteAsync(results, data, cancellationToken);
        files.AddRange(plots.Select(p => Path.Combine(data, p.File)));

        var report = Path.Combine(outDirectory, name + ".md");
        var markdown = MarkdownReport.Write(results, TargetChecks.Evaluate(results), plots, results.Command ?? "(not recorded)", dataFolder, MarkdownReport.ReadFindings(report));
        await File.WriteAllTextAsync(report, markdown, cancellationToken);
        files.Add(report);
        return files;
    }
}
