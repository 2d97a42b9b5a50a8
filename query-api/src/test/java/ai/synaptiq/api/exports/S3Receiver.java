package ai.synaptiq.api.exports;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** A real S3-compatible store on 127.0.0.1 (S3Proxy over an in-memory blob store) that checks AWS V2 or V4 signatures with one key pair. */
final class S3Receiver implements AutoCloseable {
    final BlobStore blobs;
    private final S3Proxy s3;

    S3Receiver(String accessKey, String secretKey, String... buckets) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        blobs = context.getBlobStore();
        for (String bucket : buckets) {
            blobs.createContainerInLocation(null, bucket);
        }
        s3 = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:" + LocalClickHouse.freePort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        s3.start();
        while (!AbstractLifeCycle.STARTED.equals(s3.getState())) {
            Thread.sleep(20);
        }
    }

    int port() {
        return s3.getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The object's bytes, or null when there is none. */
    byte[] object(String bucket, String key) throws IOException {
        if (blobs.getBlob(bucket, key) == null) {
            return null;
        }
        try (InputStream in = blobs.getBlob(bucket, key).getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        s3.stop();
    }
}
