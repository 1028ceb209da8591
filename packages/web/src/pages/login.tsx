import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";

export function LoginPage({ onLogin }: { onLogin: (username: string, password: string) => Promise<void> }) {
  const { t, pick, lang, setLang } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "grid",
        placeItems: "center",
        background: "linear-gradient(160deg, #8c1c13 0%, #b71c1c 35%, #f5f5f5 35%)",
      }}
    >
      <Card
        style={{ width: 380 }}
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("loginTitle")}
          </Typography.Title>
        }
        extra={
          <Button type="link" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
            {t("language")}
          </Button>
        }
      >
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (v: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              await onLogin(v.username, v.password);
            } catch (err) {
              setError(err instanceof ApiFailure ? pick(err.text) : String(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t("username")} name="username" rules={[{ required: true, message: t("required") }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t("password")} name="password" rules={[{ required: true, message: t("required") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t("loginHint")}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          <Link to="/public" data-testid="public-link">
            {t("publicNoAccount")} →
          </Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
