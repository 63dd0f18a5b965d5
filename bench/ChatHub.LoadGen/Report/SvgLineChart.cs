using System.Globalization;
using System.Text;

namespace ChatHub.LoadGen.Report;

/// <summary>A series of a line chart: points (x, y); an infinite y (messages lost) is drawn as a cross at the top.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, string? Dash = null);

/// <summary>
/// A small, dependency-free SVG line chart (linear x, linear or log y) with axes, grid, ticks and a legend; rendered
/// to PNG by a headless browser (<see cref="PngRenderer"/>).
/// </summary>
internal static class SvgLineChart
{
    public const int Width = 900;
    public const int Height = 520;
    private const int Left = 80, Right = 220, Top = 50, Bottom = 60;

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logY,
        double? yMaxOverride = null, bool identityLine = false, string? footnote = null, bool logX = false)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var xMax = NiceCeiling(series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max());
        var xMin = logX ? Math.Pow(10, Math.Floor(Math.Log10(Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Min())))) : 0;
        if (logX)
        {
            xMax = Math.Pow(10, Math.Ceiling(Math.Log10(xMax)));
        }
        var yMax = yMaxOverride ?? NiceCeiling(Math.Max(finite.Select(p => p.Y).DefaultIfEmpty(1).Max(), identityLine ? xMax : 0));
        var yMin = logY ? Math.Pow(10, Math.Floor(Math.Log10(Math.Max(0.1, finite.Select(p => p.Y).Where(y => y > 0).DefaultIfEmpty(1).Min())))) : 0;
        if (logY)
        {
            yMax = Math.Pow(10, Math.Ceiling(Math.Log10(yMax)));
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(double x) => logX
            ? Left + (Math.Log10(Math.Clamp(x, xMin, xMax)) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) * plotW
            : Left + x / xMax * plotW;
        double Y(double y) => logY
            ? Top + plotH - (Math.Log10(Math.Clamp(y, yMin, yMax)) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * plotH
            : Top + plotH - Math.Clamp(y, 0, yMax) / yMax * plotH;

        var svg = new StringBuilder();
        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">"""));
        svg.Append(F($"""<rect width="{Width}" height="{Height}" fill="white"/>"""));
        svg.Append(F($"""<text x="{Left}" y="28" font-size="17" font-weight="bold">{Escape(title)}</text>"""));

        // Grid and y ticks.
        foreach (var tick in logY ? LogTicks(yMin, yMax) : LinearTicks(yMax))
        {
            var y = Y(tick);
            svg.Append(F($"""<line x1="{Left}" y1="{y:0.#}" x2="{Left + plotW}" y2="{y:0.#}" stroke="#e3e3e3"/>"""));
            svg.Append(F($"""<text x="{Left - 8}" y="{y + 4:0.#}" text-anchor="end">{Label(tick)}</text>"""));
        }

        foreach (var tick in logX ? LogTicks(xMin, xMax) : LinearTicks(xMax))
        {
            var x = X(tick);
            svg.Append(F($"""<line x1="{x:0.#}" y1="{Top}" x2="{x:0.#}" y2="{Top + plotH}" stroke="#f0f0f0"/>"""));
            svg.Append(F($"""<text x="{x:0.#}" y="{Top + plotH + 20}" text-anchor="middle">{Label(tick)}</text>"""));
        }

        svg.Append(F($"""<rect x="{Left}" y="{Top}" width="{plotW}" height="{plotH}" fill="none" stroke="#444"/>"""));
        svg.Append(F($"""<text x="{Left + plotW / 2}" y="{Height - 15}" text-anchor="middle">{Escape(xLabel)}</text>"""));
        svg.Append(F($"""<text transform="translate(20,{Top + plotH / 2}) rotate(-90)" text-anchor="middle">{Escape(yLabel)}</text>"""));
        if (identityLine)
        {
            // completed = offered (a curve when only one axis is logarithmic)
            var points = Enumerable.Range(0, 101).Select(i => logX ? xMin * Math.Pow(xMax / xMin, i / 100.0) : xMax * i / 100.0)
                .Where(x => x <= yMax && (!logY || x >= yMin))
                .Select((x, i) => F($"{(i == 0 ? 'M' : 'L')}{X(x):0.#},{Y(x):0.#}"));
            svg.Append(F($"""<path d="{string.Join(" ", points)}" fill="none" stroke="#999" stroke-dasharray="3,4"/>"""));
        }

        var legendY = Top + 10;
        foreach (var s in series)
        {
            var dash = s.Dash is null ? "" : $" stroke-dasharray=\"{s.Dash}\"";
            var path = string.Join(" ", s.Points.Where(p => double.IsFinite(p.Y)).OrderBy(p => p.X).Select((p, i) => F($"{(i == 0 ? 'M' : 'L')}{X(p.X):0.#},{Y(p.Y):0.#}")));
            if (path.Length > 0)
            {
                svg.Append(F($"""<path d="{path}" fill="none" stroke="{s.Color}" stroke-width="2.5"{dash}/>"""));
            }

            foreach (var p in s.Points)
            {
                if (double.IsFinite(p.Y))
                {
                    svg.Append(F($"""<circle cx="{X(p.X):0.#}" cy="{Y(p.Y):0.#}" r="4" fill="{s.Color}"/>"""));
                }
                else
                {
                    var (cx, cy) = (X(p.X), (double)Top + 6);
                    svg.Append(F($"""<path d="M{cx - 5:0.#},{cy - 5:0.#} L{cx + 5:0.#},{cy + 5:0.#} M{cx - 5:0.#},{cy + 5:0.#} L{cx + 5:0.#},{cy - 5:0.#}" stroke="{s.Color}" stroke-width="2.5"/>"""));
                }
            }

            svg.Append(F($"""<line x1="{Width - Right + 15}" y1="{legendY}" x2="{Width - Right + 45}" y2="{legendY}" stroke="{s.Color}" stroke-width="3"{dash}/>"""));
            svg.Append(F($"""<text x="{Width - Right + 52}" y="{legendY + 4}">{Escape(s.Name)}</text>"""));
            legendY += 22;
        }

        if (series.Any(s => s.Points.Any(p => !double.IsFinite(p.Y))))
        {
            svg.Append(F($"""<text x="{Width - Right + 15}" y="{legendY + 8}" font-size="12" fill="#555">× = over 1 % lost</text>"""));
        }

        if (footnote is not null)
        {
            svg.Append(F($"""<text x="{Left}" y="{Top - 8}" font-size="12" fill="#555">{Escape(footnote)}</text>"""));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static IEnumerable<double> LinearTicks(double max)
    {
        var step = NiceCeiling(max / 6);
        for (var t = 0.0; t <= max + step / 1000; t += step)
        {
            yield return t;
        }
    }

    private static IEnumerable<double> LogTicks(double min, double max)
    {
        for (var decade = min; decade <= max * 1.0001; decade *= 10)
        {
            foreach (var m in new[] { 1.0, 2, 5 })
            {
                if (decade * m <= max * 1.0001)
                {
                    yield return decade * m;
                }
            }
        }
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (m * power >= value - 1e-9)
            {
                return m * power;
            }
        }

        return 10 * power;
    }

    private static string Label(double v) => v >= 1000 ? F($"{v:N0}") : v >= 1 ? F($"{v:0.##}") : F($"{v:0.###}");

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
