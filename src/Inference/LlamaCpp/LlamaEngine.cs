using System.Diagnostics.Metrics;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The local model of a node: the native library, one loaded model and <see cref="LlamaCppOptions.Instances"/>
/// instances sharing its weights and the node's threads. A request goes to the least busy instance with room.
/// </summary>
internal sealed class LlamaEngine : IDisposable
{
    private readonly LlamaInstance[] _instances;
    private bool _disposed;

    private LlamaEngine(LlamaModel model, LlamaInstance[] instances)
    {
        Model = model;
        _instances = instances;
    }

    public LlamaModel Model { get; }

    public IReadOnlyList<LlamaInstance> Instances => _instances;

    /// <summary>Tokens one conversation can hold.</summary>
    public int SequenceContextSize => _instances[0].SequenceContextSize;

    /// <summary>
    /// Loads the library (once per process), the model, and the instances; throws with a clear message on any failure.
    /// With <paramref name="meterFactory"/> the instances record <see cref="LlamaEngineMetrics"/>.
    /// </summary>
    public static LlamaEngine Create(LlamaCppOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new InvalidOperationException($"{LlamaCppOptions.SectionName}:Path is not set.");
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<LlamaEngine>();
        LlamaLibrary.EnsureLoaded(options.NativeLibraryPath, loggerFactory);
        var model = LlamaModel.Load(options.Path, options.GpuLayers);
        var instances = new List<LlamaInstance>(options.Instances);
        try
        {
            var settings = LlamaInstanceSettings.From(options, Environment.ProcessorCount);
            var metrics = meterFactory is null ? null : new LlamaEngineMetrics(meterFactory);
            for (var i = 0; i < options.Instances; i++)
            {
                instances.Add(new LlamaInstance(i, model, settings, loggerFactory.CreateLogger<LlamaInstance>(), metrics));
            }
        }
        catch
        {
            instances.ForEach(instance => instance.Dispose());
            model.Dispose();
            throw;
        }

        Log.LlamaModelLoaded(logger, options.Path, model.Description, model.ParameterCount, model.TensorBytes, options.Instances);
        return new LlamaEngine(model, [.. instances]);
    }

    /// <summary>
    /// Hands <paramref name="request"/> to the instance of its <see cref="LlamaRequest.Affinity"/> when that one has a
    /// free sequence (its prompt cache holds the conversation's earlier turns), else to the least busy instance that
    /// has room; false when all are full.
    /// </summary>
    public bool TrySubmit(LlamaRequest request)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(request);
        if (_instances.Length > 1)
        {
            var preferred = _instances[(int)((uint)request.Affinity % (uint)_instances.Length)];
            if (preferred.InFlight < preferred.SequenceSlots && preferred.TrySubmit(request))
            {
                return true;
            }
        }

        foreach (var instance in _instances.OrderBy(instance => instance.InFlight))
        {
            if (instance.TrySubmit(request))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        Model.Dispose();
    }
}
