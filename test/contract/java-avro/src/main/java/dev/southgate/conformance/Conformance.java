package dev.southgate.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Reads a folder written by the Node test: schemas/&lt;fingerprint&gt;.json (as served by
 * GET /connector/schemas/{fingerprint}) and messages/*.bin (single-object encoded messages).
 * Prints one line per check; exits 1 if any fails.
 */
public final class Conformance {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<String> failures = new ArrayList<>();
    int schemas = 0;
    try (Stream<Path> files = Files.list(root.resolve("schemas"))) {
      for (Path file : files.toList()) {
        String listed = file.getFileName().toString().replace(".json", "");
        Schema schema = new Schema.Parser().parse(Files.readString(file));
        String computed = wireHex(SchemaNormalization.parsingFingerprint64(schema));
        if (!computed.equals(listed)) failures.add("fingerprint " + listed + " != java " + computed);
        schemas++;
      }
    }
    int messages = 0;
    try (Stream<Path> files = Files.list(root.resolve("messages"))) {
      for (Path file : files.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        StringBuilder hex = new StringBuilder();
        for (int i = 2; i < 10; i++) hex.append(String.format("%02x", bytes[i]));
        Schema writer = new Schema.Parser().parse(Files.readString(root.resolve("schemas").resolve(hex + ".json")));
        GenericRecord record = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), writer).decode(bytes);
        System.out.println("decoded " + file.getFileName() + " " + record);
        messages++;
      }
    }
    failures.forEach(f -> System.out.println("FAIL " + f));
    System.out.println("schemas=" + schemas + " messages=" + messages + " failures=" + failures.size());
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /** The fingerprint as the 8 bytes appear on the wire (little-endian), in hex. */
  private static String wireHex(long fingerprint) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 8; i++) hex.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xff));
    return hex.toString();
  }
}
