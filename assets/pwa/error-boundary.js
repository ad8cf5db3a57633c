/* A small error boundary for every page: when a render fails, say so in Bengali and English and
 * offer a reload, instead of a blank screen. (Reflex's own boundary weighs 12 KB on 2G.) */
import React from "react";

const h = React.createElement;

export class SebaErrorBoundary extends React.Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }

  static getDerivedStateFromError(error) {
    return { error };
  }

  componentDidCatch(error, info) {
    console.error("Seba page error", error, info && info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return h("main", { className: "content", role: "alert", id: "page-error" },
      h("h1", null, "কিছু একটা ভুল হয়েছে"),
      h("p", null, "পাতাটি আবার লোড করুন। আপনার লেখা বার্তাগুলো ফোনে রাখা আছে।"),
      h("h1", { lang: "en" }, "Something went wrong"),
      h("p", { lang: "en" }, "Please reload the page. Messages you wrote are kept on your phone."),
      h("button", { type: "button", className: "button primary", onClick: () => window.location.reload() },
        "আবার লোড করুন · Reload"),
    );
  }
}
