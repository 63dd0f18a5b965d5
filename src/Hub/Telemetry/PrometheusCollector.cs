using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ChatHub.Hub.Telemetry;

/// <summary>
/// Listens to the hub's System.Diagnostics.Metrics instruments (meters named <c>ChatHub*</c>, and ASP.NET Core's
/// request duration) and keeps them in a
/// form that <see cref="PrometheusTextWriter"/> writes out at <c>/metrics</c>. (The OpenTelemetry Prometheus exporter
/// is not restorable here; this is the small part of it the hub needs.)
/// </summary>
public sealed class PrometheusCollector : IDisposable
{
    internal static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collect = new();

    /// <summary>The ASP.NET Core meter whose request duration is exported too (queueing at the door shows in it).</summary>
    internal const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";
    internal const string RequestDurationInstrument = "http.server.request.duration";

    private readonly IMeterFactory? _meterFactory;

    /// <summary>Only the hub's own <c>ChatHub*</c> meters.</summary>
    public PrometheusCollector()
        : this(null)
    {
    }

    /// <summary>
    /// The hub's <c>ChatHub*</c> meters, and ASP.NET Core's <c>http.server.request.duration</c> from this host's
    /// <paramref name="meterFactory"/> (not another host's in the same process).
    /// </summary>
    public PrometheusCollector(IMeterFactory? meterFactory)
    {
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("ChatHub", StringComparison.Ordinal) || IsRequestDuration(instrument))
            {
                _instruments[instrument] = new InstrumentState(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments, then returns every instrument's state.</summary>
    internal IReadOnlyCollection<InstrumentState> Collect()
    {
        lock (_collect)
        {
            foreach (var state in _instruments.Values)
            {
                state.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            return [.. _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool IsRequestDuration(Instrument instrument) =>
        _meterFactory is not null
        && ReferenceEquals(instrument.Meter.Scope, _meterFactory)
        && instrument.Meter.Name == AspNetCoreHostingMeter
        && instrument.Name == RequestDurationInstrument;

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var state))
        {
            state.Update(value, tags);
        }
    }

    internal sealed class InstrumentState
    {
        private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

        // The series by the raw tags a measurement carries (no formatting, sorting or joining on the hot path): a
        // hash of the tag set, order-insensitive, then the tag sets with that hash. Several raw tag sets may format
        // alike (1 and "1"); they share the series that the formatted key names in _series.
        private readonly ConcurrentDictionary<int, RawTags[]> _byRawTags = new();
        private readonly Lock _adding = new();
        private readonly double[]? _bounds;

        public InstrumentState(Instrument instrument)
        {
            Instrument = instrument;
            Kind = instrument switch
            {
                Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float> => MetricKind.Histogram,
                Counter<long> or Counter<double> or Counter<int> or Counter<float>
                    or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => MetricKind.Counter,
                _ => MetricKind.Gauge,
            };
            IsObservable = instrument.IsObservable;
            if (Kind == MetricKind.Histogram)
            {
                _bounds = AdvisedBounds(instrument) is { Length: > 0 } advised ? advised : DefaultBounds;
            }

            Name = PrometheusTextWriter.MetricName(instrument.Name, instrument.Unit, Kind);
        }

        public Instrument Instrument { get; }

        /// <summary>The bucket boundaries the instrument advises (any number type), in order; null when none.</summary>
        private static double[]? AdvisedBounds(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Order()],
            Histogram<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            _ => null,
        };

        public string Name { get; }

        public MetricKind Kind { get; }

        public bool IsObservable { get; }

        public IEnumerable<MetricSeries> Series => _series.Values;

        /// <summary>Observable instruments report their full current state each time: drop the previous one.</summary>
        public void BeginObservation()
        {
            if (IsObservable)
            {
                lock (_adding)
                {
                    _byRawTags.Clear();
                    _series.Clear();
                }
            }
        }

        public void Update(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = Find(tags) ?? Add(tags);
            switch (Kind)
            {
                case MetricKind.Histogram: series.Record(value); break;
                case MetricKind.Counter when IsObservable: series.Set(value); break;
                case MetricKind.Counter: series.Add(value); break;
                default:
                    if (IsObservable) { series.Set(value); } else { series.Add(value); } // UpDownCounter sums
                    break;
            }
        }

        private MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (!_byRawTags.TryGetValue(HashOf(tags), out var candidates))
            {
                return null;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.Matches(tags))
                {
                    return candidate.Series;
                }
            }

            return null;
        }

        /// <summary>First measurement with this raw tag set: the series by its formatted key, remembered by the raw tags.</summary>
        private MetricSeries Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var pairs = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                pairs[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var key = string.Join('\u001f', pairs.Select(p => p.Key + "=" + p.Value));
            lock (_adding)
            {
                var series = _series.GetOrAdd(key, static (_, state) => new MetricSeries(state.pairs, state.bounds), (pairs, bounds: _bounds));
                var raw = new RawTags(tags.ToArray(), series);
                _byRawTags.AddOrUpdate(HashOf(tags), static (_, r) => [r], static (_, existing, r) => [.. existing, r], raw);
                return series;
            }
        }

        private static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = tags.Length;
            foreach (var (key, value) in tags)
            {
                hash += HashCode.Combine(key, value); // a sum: the order of the tags does not matter
            }

            return hash;
        }

        private sealed class RawTags(KeyValuePair<string, object?>[] tags, MetricSeries series)
        {
            public MetricSeries Series { get; } = series;

            /// <summary>Same keys with equal values, in any order.</summary>
            public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
            {
                if (other.Length != tags.Length)
                {
                    return false;
                }

                foreach (var (key, value) in other)
                {
                    var found = false;
                    foreach (var mine in tags)
                    {
                        if (string.Equals(mine.Key, key, StringComparison.Ordinal))
                        {
                            found = Equals(mine.Value, value);
                            break;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
