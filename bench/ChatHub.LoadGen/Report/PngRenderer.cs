using System.Diagnostics;
using System.Globalization;

namespace ChatHub.LoadGen.Report;

/// <summary>
/// SVG to PNG with Debian's headless Chromium (<c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>; install it with
/// scripts/deps/chromium.sh). Without a browser the plots are skipped and the report says so.
/// </summary>
internal static class PngRenderer
{
    public static string? Browser()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        foreach (var candidate in new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static async Task<bool> RenderAsync(string svg, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        if (Browser() is not { } browser)
        {
            return false;
        }

        var work = Directory.CreateTempSubdirectory("chathub-loadgen-png-");
        try
        {
            var svgPath = Path.Combine(work.FullName, "chart.svg");
            await File.WriteAllTextAsync(svgPath, svg, cancellationToken);
            var info = new ProcessStartInfo(browser)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Path.Combine(work.FullName, "profile"),
                "--screenshot=" + Path.GetFullPath(pngPath),
                string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
                new Uri(svgPath).AbsoluteUri,
            })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // by PID: the browser and the helpers it started
                return false;
            }

            await Task.WhenAll(stdout, stderr);
            return File.Exists(pngPath);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a helper still holds the profile; the temp folder is cleaned up by the OS
            }
        }
    }
}
