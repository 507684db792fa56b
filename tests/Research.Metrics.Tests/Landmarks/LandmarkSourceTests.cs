using System.Numerics;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Metrics.ActionUnits;
using Research.Metrics.Landmarks;
using Research.Testing;

namespace Research.Metrics.Tests.Landmarks;

[TestFixture]
public sealed class LandmarkSourceTests
{
    [Test]
    public void Lms_files_round_trip_in_numeric_order()
    {
        using var dir = new TempDirectory();
        var faces = Enumerable.Range(0, 12).Select(i => LmdEvaluatorTests.RandomFace(i).Select(p => p + new Vector2(0.25f, 0.5f)).ToArray()).ToArray();
        for (var i = 0; i < faces.Length; i++)
        {
            LandmarkFile.Write(dir.Combine($"{i}.lms"), faces[i]);
        }

        File.WriteAllText(dir.Combine("0.jpg"), "not a landmark file");
        var source = LmsLandmarkSource.FromDirectory(dir.Path);
        Assert.Multiple(() =>
        {
            Assert.That(source.FrameCount, Is.EqualTo(12));
            Assert.That(source.FrameName(2), Is.EqualTo("2.lms"));
            Assert.That(source.FrameName(10), Is.EqualTo("10.lms"));
            for (var i = 0; i < faces.Length; i++)
            {
                Assert.That(source.Read(i), Is.EqualTo(faces[i]), $"frame {i}");
            }
        });
        var report = new LmdEvaluator().Evaluate(source, new ArrayLandmarkSource(faces));
        Assert.That(report.Frames.Select(f => f.Lmd), Is.All.Zero);
    }

    [Test]
    public void Bad_lms_file_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("0.lms");
        File.WriteAllText(path, "1.0 2.0\n3.0 oops\n");
        var source = new LmsLandmarkSource([path]);
        Assert.That(() => source.Read(0), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("line 2"));
        File.WriteAllText(path, "1.0 2.0\n");
        Assert.That(() => source.Read(0), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("1 rows"));
    }

    [Test]
    public void Folder_without_lms_files_is_an_error()
    {
        using var dir = new TempDirectory();
        Assert.Multiple(() =>
        {
            Assert.That(() => LmsLandmarkSource.FromDirectory(dir.Path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(dir.Path));
            Assert.That(() => LmsLandmarkSource.FromDirectory(dir.Combine("missing")), Throws.InstanceOf<DirectoryNotFoundException>());
        });
    }

    [Test]
    public void OpenFace_landmark_columns_are_read_per_row()
    {
        using var dir = new TempDirectory();
        var faces = Enumerable.Range(0, 3).Select(LmdEvaluatorTests.RandomFace).ToArray();
        var rows = faces.Select((f, i) => new OpenFaceFrame(i + 1, i * 0.04, 0.98, true, new OpenFacePose(0, 0, 500, 0, 0, 0), f, new Dictionary<string, double>(), new Dictionary<string, bool>())).ToList();
        var path = dir.Combine("of.csv");
        OpenFaceCsv.Write(path, rows);
        var source = OpenFaceLandmarkSource.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(source.FrameCount, Is.EqualTo(3));
            Assert.That(source.FrameName(1), Is.EqualTo("frame 2"));
            Assert.That(source.Read(2), Is.EqualTo(faces[2]));
            Assert.That(source.Description, Does.Contain(path));
        });

        // The same CSV also feeds AUE (OpenFace writes 0 for every unit when it has no AU predictions).
        var aue = new AueEvaluator().EvaluateFiles(path, path);
        Assert.That(aue.All.Aggregate.Mean, Is.Zero);
        var lmd = new LmdEvaluator().Evaluate(source, new ArrayLandmarkSource(faces));
        Assert.That(lmd.Lmd.Mean, Is.Zero);
    }

    [Test]
    public void OpenFace_csv_without_landmarks_is_rejected_with_a_hint()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au-only.csv");
        File.WriteAllText(path, "frame, face_id, x_0, y_0\n1, 0, 1.0, 2.0\n");
        Assert.That(() => OpenFaceLandmarkSource.Read(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("1 2-D landmark").And.Message.Contains("-2Dfp"));
    }
}
