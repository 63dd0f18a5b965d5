using System.Globalization;
using System.Text;

namespace ChatHub.Hub.Telemetry;

/// <summary>Writes instruments in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// The Prometheus name of an instrument, following OpenTelemetry's conventions: invalid characters become
    /// underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>), counters end in <c>_total</c>.
    /// </summary>
    public static string MetricName(string name, string? unit, MetricKind kind)
    {
        var result = new StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (result.Length > 0 && char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "1" or null or "" => "",
            _ when unit.StartsWith('{') => "",
            _ => "_" + new string([.. unit.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]),
        };
        var text = result.ToString();
        if (suffix.Length > 0 && !text.EndsWith(suffix, StringComparison.Ordinal))
        {
            text += suffix;
        }

        return kind == MetricKind.Counter && !text.EndsWith("_total", StringComparison.Ordinal) ? text + "_total" : text;
    }

    public static string Write(IEnumerable<PrometheusCollector.InstrumentState> instruments)
    {
        var text = new StringBuilder(4096);
        foreach (var instrument in instruments)
        {
            var series = instrument.Series.ToList();
            if (series.Count == 0)
            {
                continue;
            }

            var type = instrument.Kind switch { MetricKind.Counter => "counter", MetricKind.Histogram => "histogram", _ => "gauge" };
            if (instrument.Instrument.Description is { Length: > 0 } help)
            {
                text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            }

            text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(type).Append('\n');
            foreach (var s in series)
            {
                if (instrument.Kind != MetricKind.Histogram)
                {
                    Sample(text, instrument.Name, s.Tags, null, s.Value);
                    continue;
                }

                var (buckets, count, sum) = s.Snapshot();
                foreach (var (bound, cumulative) in buckets)
                {
                    Sample(text, instrument.Name + "_bucket", s.Tags, Number(bound), cumulative);
                }

                Sample(text, instrument.Name + "_bucket", s.Tags, "+Inf", count);
                Sample(text, instrument.Name + "_sum", s.Tags, null, sum);
                Sample(text, instrument.Name + "_count", s.Tags, null, count);
            }
        }

        return text.ToString();
    }

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Sample(StringBuilder text, string name, KeyValuePair<string, string>[] tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Length > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, tagValue) in tags)
            {
                text.Append(first ? "" : ",").Append(LabelName(key)).Append("=\"").Append(EscapeLabelValue(tagValue)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string LabelName(string key)
    {
        var name = new string([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
